// Every unit test file imported into one process, which `npm test` runs as one file among the others. Started each
// in a process of its own (Node's default), their start-up — loading the TypeScript sources and libraries again for
// each of ~185 files — was two thirds of their CPU (318 CPU-s against ~100 in one process). They share a process, so a
// unit test must leave what it changes as it found it (process.env, the language, timers): see CONTRIBUTING.md.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { testFiles } from './test-files.ts';

for (const f of testFiles(['unit'])) await import(pathToFileURL(resolve(f)).href);
