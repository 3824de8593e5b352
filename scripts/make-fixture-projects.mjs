#!/usr/bin/env node
// Makes the fixture projects (git-ignored): apps that ship another onnxruntime-web than the tool's
// own, for the tests of --ort-web and of resolving the runtime from the working folder.
//
//   node scripts/make-fixture-projects.mjs
//
// Each fixtures/projects/<name>/ holds a package.json, model.onnx (a copy of tiny-mlp.onnx) and
// node_modules/onnxruntime-web: a link to one of the versions the repo installs as devDependencies
// under npm aliases ("onnxruntime-web-1-17": "npm:onnxruntime-web@1.17.3"), as `npm install` in the
// project would have put it there.

import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const FIXTURE_PROJECTS = [
  { name: 'ort-web-1.17', alias: 'onnxruntime-web-1-17', version: '1.17.3' },
  { name: 'ort-web-1.20', alias: 'onnxruntime-web-1-20', version: '1.20.1' },
];

for (const project of FIXTURE_PROJECTS) {
  const dir = join(root, 'fixtures', 'projects', project.name);
  const installed = join(root, 'node_modules', project.alias);
  if (!existsSync(join(installed, 'package.json'))) throw new Error(`${installed} is missing: run npm ci (it is a devDependency)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `app-${project.name}`, private: true, dependencies: { 'onnxruntime-web': project.version } }, null, 2)}\n`);
  copyFileSync(join(root, 'fixtures', 'models', 'tiny-mlp.onnx'), join(dir, 'model.onnx'));
  const link = join(dir, 'node_modules', 'onnxruntime-web');
  symlinkSync(relative(dirname(link), installed), link, 'dir');
  console.log(`fixtures/projects/${project.name}: onnxruntime-web ${project.version}`);
}
