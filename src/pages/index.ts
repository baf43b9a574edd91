/** The server-rendered pages: account, consent, privacy, and the landing pages of mailed links. */
export { PagesModule } from './pages.module';
