import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startFlags } from './bench/server.js';

describe('how the server is started', () => {
  it('keeps the young generation small (8 MB semi-spaces) in npm start, the bench and the README\'s service unit alike', () => {
    const flags = startFlags();
    expect(flags).toContain('--max-semi-space-size=8');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(`ExecStart=/usr/bin/node ${flags.join(' ')} dist/server.js`);
    // Node takes the flags (an unknown one would stop the start), and the young generation is capped by them:
    // a process that keeps much of what it allocates would otherwise grow it to 32 MB (Node 20) or 128 MB (Node 24).
    const code = "const keep=[];for(let i=0;i<2e6;i++){keep.push({i,s:'x'+i});if(keep.length>4e5)keep.length=0}const n=require('v8').getHeapSpaceStatistics().find((s)=>s.space_name==='new_space');console.log(n.space_size)";
    const run = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(Number(run.stdout)).toBeGreaterThan(0);
    expect(Number(run.stdout)).toBeLessThanOrEqual(16 * 1024 * 1024);
    const plain = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
    expect(Number(plain.stdout)).toBeGreaterThan(16 * 1024 * 1024);
  });
});
