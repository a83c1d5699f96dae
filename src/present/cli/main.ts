/** Entry point of the `idsift` bin. */
import { runCli } from './program.js';

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  // `idsift … | head` closes the pipe early: that is not an error.
  if (error.code === 'EPIPE') process.exit(0);
});

process.exitCode = await runCli(process.argv);
