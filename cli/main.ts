/** `glassbox`: the command-line interface. One file per command in cli/commands/. */
import { Command } from 'commander';
import { register as demo } from './commands/demo.ts';
import { register as doctor } from './commands/doctor.ts';
import { register as evaluate } from './commands/evaluate.ts';
import { register as explain } from './commands/explain.ts';
import { register as featurevis } from './commands/featurevis.ts';
import { register as info } from './commands/info.ts';
import { register as models } from './commands/models.ts';
import { register as predict } from './commands/predict.ts';
import { register as stats } from './commands/stats.ts';

const program = new Command()
  .name('glassbox')
  .description(
    'Look inside deep networks: predictions, layers, attribution and more, on your own TF.js models.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)');

for (const reg of [models, info, predict, evaluate, explain, featurevis, doctor, demo, stats]) reg(program);

await program.parseAsync(process.argv);
