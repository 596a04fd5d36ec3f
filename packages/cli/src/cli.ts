#!/usr/bin/env node
import { runCli } from './program';

// `ring … | head -1`: once the reader has gone, further output has nowhere to go; end quietly
// instead of crashing with an unhandled EPIPE. (stderr: nothing can be reported either.)
const quietOnClosedPipe = (stream: NodeJS.WriteStream, exit: boolean) =>
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    if (exit) process.exit(process.exitCode ?? 0);
  });
quietOnClosedPipe(process.stdout, true);
quietOnClosedPipe(process.stderr, false);

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
