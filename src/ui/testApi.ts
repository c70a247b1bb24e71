/** What `activate` returns in the extension's own test mode only (integration tests). */
import type { Prompter, Provider, ProviderFactory } from '../providers/types';
import type { Services } from './context';
import type { ResultPanels } from './panels/resultPanels';
import type { JobsTree } from './tree';

export interface BioJobsTestApi {
  services: Services;
  /** Replaces the quick-pick prompter (tests answer the questions a user would). */
  setPrompter(prompter: Prompter): void;
  panels: ResultPanels;
  tree: JobsTree;
  /** Registers a provider that exists only in tests (the contract test's track-only provider). */
  addProvider(make: ProviderFactory): Provider;
}
