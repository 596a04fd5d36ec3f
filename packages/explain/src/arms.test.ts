import { describe, expect, it } from 'vitest';
import { compareAgentIds } from './arms';

describe('compareAgentIds', () => {
  it('orders trader ids by index, digit runs as numbers', () => {
    expect(['H10', 'H2', 'H1', 'big_1', 'H11'].sort(compareAgentIds)).toEqual(['H1', 'H2', 'H10', 'H11', 'big_1']);
    expect(['dealer_long', 'H3', 'vbt_short', 'H03'].sort(compareAgentIds)).toEqual(['H03', 'H3', 'dealer_long', 'vbt_short']);
  });
});
