import type { Command } from 'commander';
import { listZoo } from '../../src/model/zoo.ts';
import { action, addCommonOptions, printJson, table } from '../common.ts';

export function register(program: Command): void {
  addCommonOptions(
    program.command('models').description('List the bundled models (the zoo); use their names with --model.'),
  ).action(
    action((opts: { json?: boolean }) => {
      const zoo = listZoo();
      if (opts.json) return printJson(zoo.map(({ name, file, summary }) => ({ name, file, summary })));
      process.stdout.write(
        `${table(
          zoo.map((z) => [z.name, z.summary]),
          ['name', 'summary'],
        )}\n`,
      );
    }),
  );
}
