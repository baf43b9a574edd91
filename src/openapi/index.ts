/** The OpenAPI document of every route (built from Nest's metadata at start-up) and the pages that serve it. */
export { documentApi } from './openapi-document';
export { OpenApiModule } from './openapi.module';
