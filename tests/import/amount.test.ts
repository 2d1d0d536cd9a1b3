import { describe, expect, it } from 'vitest';
import { toMinorUnits } from '../../core/import/amount.js';

describe('toMinorUnits', () => {
  it.each([
    ['1520.50', 152050],
    ['1520.5', 152050],
    ['1520', 152000],
    ['0.1', 10],
    ['0.29', 29],
    ['1.13', 113],
    ['4.35', 435],
    ['0.01', 1],
    ['21474836.47', 2147483647],
    [1520.5, 152050],
    [0.1, 10],
    [0.29, 29],
    [349.99, 34999],
    [25, 2500],
  ] as const)('%j → %i', (amount, minor) => {
    expect(toMinorUnits(amount)).toBe(minor);
  });

  it.each([
    ['19.999', /at most 2 decimal places/],
    [19.999, /at most 2 decimal places/],
    [0.1 + 0.2, /at most 2 decimal places/],
    ['-5', /negative/],
    [-5, /negative/],
    ['0', /greater than 0/],
    ['1,50', /decimal amount/],
    ['1e3', /decimal amount/],
    [1e21, /decimal amount/],
    ['', /decimal amount/],
    ['.5', /decimal amount/],
    ['21474836.48', /too large/],
    [Number.NaN, /finite/],
  ] as const)('%j is refused', (amount, message) => {
    expect(() => toMinorUnits(amount)).toThrow(message);
  });
});
