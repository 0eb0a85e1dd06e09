import { applicationMetadataText, MetadataFile, metadataPaths, rulesMetadataText, scenarioMetadataText } from './metadata';
import { DeployStateError } from './errors';
import type { PlatformRule } from './snapshot';
import type { DesiredApplication } from './voxfiles';

/** The platform state after a deploy, from which the metadata files follow. */
export interface DeployedState {
  applicationId: number;
  applicationName: string;
  /** All rules of the application in routing order (GetRules after the deploy), as voxengine-ci records them. */
  rules: PlatformRule[];
  /** Platform id of each deployed scenario, by name. */
  scenarioIds: Map<string, number>;
}

/**
 * The metadata files voxengine-ci would write after uploading `desired` (docs/platform.md#voxengine-ci-upload):
 * application metadata, rules metadata listing every rule of the application, and one scenario
 * metadata file per uploaded scenario whose `hash` is the sha256 of the uploaded text. After a
 * successful deploy the platform holds exactly the local text, so the local hash is the platform's.
 * @throws DeployStateError when a desired scenario has no id in `state` (none is skipped silently)
 */
export function metadataFilesFor(desired: DesiredApplication, state: DeployedState): MetadataFile[] {
  const files: MetadataFile[] = [
    {
      path: metadataPaths.application(state.applicationName),
      text: applicationMetadataText({ applicationId: state.applicationId, applicationName: state.applicationName }),
    },
    {
      path: metadataPaths.rules(state.applicationName),
      text: rulesMetadataText(state.rules),
    },
  ];
  for (const scenario of desired.scenarios) {
    const scenarioId = state.scenarioIds.get(scenario.name);
    if (scenarioId === undefined)
      throw new DeployStateError(`scenario ${scenario.name} has no platform id after deploy; its metadata cannot be written`);
    files.push({
      path: metadataPaths.scenario(scenario.name),
      text: scenarioMetadataText({ scenarioId, scenarioName: scenario.name, hash: scenario.hash }),
    });
  }
  return files;
}
