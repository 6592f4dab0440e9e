import { describe, expect, it } from 'vitest';
import * as contracts from '.';
import { HandlerDescription } from './handler-descriptions';

/** Every signal, query and update definition the contracts export, by its wire name. */
const definitions = (Object.values(contracts) as unknown[]).filter(
  (v): v is { type: 'signal' | 'query' | 'update'; name: string } =>
    typeof v === 'object' && v !== null && ['signal', 'query', 'update'].includes((v as { type?: string }).type ?? ''),
);

describe('handler descriptions', () => {
  it('describe every signal, query and update in the contracts, and nothing else', () => {
    expect(definitions.length).toBeGreaterThanOrEqual(8);
    expect(definitions.map((d) => d.name).sort()).toEqual(Object.keys(HandlerDescription).sort());
  });

  it('mark the signals only the platform sends as internal', () => {
    const internal = Object.entries(HandlerDescription)
      .filter(([, text]) => text.startsWith('INTERNAL'))
      .map(([name]) => name)
      .sort();
    expect(internal).toEqual(['beneficiariesReturned', 'fundsAvailable', 'instructionReport', 'instructionSuperseded']);
  });
});
