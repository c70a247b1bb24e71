/** Every provider, in display order. Adding a provider: its folder plus one line here (and the manifest). */
import { createCodonProvider } from './codon/provider';
import { createHumanizationProvider } from './humanization/provider';
import { createOpenProteinProvider } from './openprotein/provider';
import { createProteinIqProvider } from './proteiniq/provider';
import type { ProviderFactory } from './types';

export const providerFactories: readonly ProviderFactory[] = [createCodonProvider, createOpenProteinProvider, createProteinIqProvider, createHumanizationProvider];
