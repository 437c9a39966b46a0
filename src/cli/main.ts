/** Entry point of `npm run planner -- <command>` (tsx src/cli/main.ts). */
import { runCli } from './program';

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
