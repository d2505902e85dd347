// `emsec audit | head -1`, `emsec export openapi | head`: the reader closed the pipe and the next
// write fails with EPIPE. That is the reader saying it has enough, not an error: end quietly, as
// Unix tools do, instead of printing a stack trace. Any other stream error is still reported.
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    process.stderr.write(`emsec: cannot write the output: ${err.message}\n`);
    process.exit(1);
  });
}

