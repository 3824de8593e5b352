import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface ManifestEntry {
  id: string;
  source: 'generated' | 'npm';
  path: string;
  args: string[];
  package?: string;
}

const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'fixtures/manifest.json'), 'utf8')) as { models: ManifestEntry[] };

export function fixture(id: string): ManifestEntry & { absolutePath: string } {
  const entry = manifest.models.find((model) => model.id === id);
  if (!entry) throw new Error(`no fixture ${id} in fixtures/manifest.json`);
  return { ...entry, absolutePath: path.join(REPO_ROOT, entry.path) };
}

export function allFixtures(): ManifestEntry[] {
  return manifest.models;
}
