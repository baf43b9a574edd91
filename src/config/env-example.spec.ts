import fs from 'node:fs';
import { projectPath } from '../database';
import { envNames } from './env';

describe('.env.example', () => {
  it('lists every variable the config reads, and nothing else, each with a comment', () => {
    const text = fs.readFileSync(projectPath('.env.example'), 'utf8');
    const listed = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect([...listed].sort()).toEqual([...envNames()].sort());
    for (const name of listed) expect(text).toMatch(new RegExp(`# .+\\n#?\\s*${name}=`));
  });
});
