import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';

/** Writes a LayersModel as dir/model.json + dir/weights.bin (the TF.js layers-model format). */
export async function saveLayersModel(net: LayersModel, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await net.save({
    save: async (a) => {
      writeFileSync(path.join(dir, 'weights.bin'), Buffer.from(a.weightData as ArrayBuffer));
      const json = {
        format: 'layers-model',
        generatedBy: a.generatedBy,
        convertedBy: null,
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
        userDefinedMetadata: a.userDefinedMetadata,
      };
      writeFileSync(path.join(dir, 'model.json'), `${JSON.stringify(json)}\n`);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
}
