import { fileURLToPath } from 'node:url';

// src/ and dist/ both sit directly under the project root.
const root = fileURLToPath(new URL('..', import.meta.url));

export const VIEWS_DIR = `${root}views`;
export const PUBLIC_DIR = `${root}public`;
