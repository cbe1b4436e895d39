#!/usr/bin/env node
// The `xueli` command: runs the TypeScript CLI through tsx.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { runCli } = await import(pathToFileURL(path.join(here, '../src/cli/main.ts')).href);
process.exitCode = await runCli(process.argv.slice(2));
