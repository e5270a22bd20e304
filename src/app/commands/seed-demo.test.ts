import { describe, expect, it } from 'vitest';
import { DESK_WORKFLOW, FIELD_WORKFLOW } from '../../modules/tickets/index.ts';
import { pathTo } from './seed-demo.ts';

describe('demo status paths', () => {
  it('finds the shortest listed path to each status', () => {
    expect(pathTo(FIELD_WORKFLOW, 'on_site')).toEqual(['dispatched', 'accepted', 'en_route', 'on_site']);
    expect(pathTo(DESK_WORKFLOW, 'closed')).toEqual(['closed']);
    expect(pathTo(DESK_WORKFLOW, 'new')).toEqual([]);
    expect(pathTo(DESK_WORKFLOW, 'on_site')).toEqual([]);
  });
});
