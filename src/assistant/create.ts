import type { Config } from '../config.js';
import type { Curriculum } from '../content/loader.js';
import { ExtractiveAssistant } from './extractive.js';
import type { Assistant } from './types.js';

/**
 * The assistant for this configuration: extractive answers from the lessons (the embedded default,
 * needing no model and no network).
 */
export async function createAssistant(_config: Config, curriculum: Curriculum): Promise<Assistant & { close?: () => Promise<void> }> {
  return new ExtractiveAssistant(curriculum);
}
