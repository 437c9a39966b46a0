import { describe, expect, it } from 'vitest';
import { trustedOriginsOf } from './auth';

describe('trustedOriginsOf', () => {
  it.each([
    ['http://localhost:3000', ['http://localhost:3000', 'http://127.0.0.1:3000']],
    ['http://127.0.0.1:3300/', ['http://127.0.0.1:3300', 'http://localhost:3300']],
    ['https://planner.example.com', ['https://planner.example.com']],
    ['https://planner.example.com/app', ['https://planner.example.com']],
  ])('%s → %j', (baseURL, expected) => {
    expect(trustedOriginsOf(baseURL)).toEqual(expected);
  });
});
