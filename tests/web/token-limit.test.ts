import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ensureUser, makeApp, PASSWORD } from '../helpers.js';

describe('API tokens per account', () => {
  it('refuses a 21st live token with 422 and a Vietnamese message, and makes one again once a token is revoked', async () => {
    const { app, store } = await makeApp();
    await ensureUser(store, 'tudong', 'editor');
    const make = (name: string) => request(app).post('/api/v1/tokens').send({ username: 'tudong', password: PASSWORD, name });
    const tokens: { token: string; id: string }[] = [];
    for (let i = 1; i <= 20; i++) tokens.push((await make(`máy ${i}`).expect(201)).body);
    const refused = await make('máy 21').expect(422);
    expect(refused.body.errors.name).toContain('tối đa 20');
    expect((await store.storage.users.tokensOf('tudong')).filter((t) => !t.revokedAt)).toHaveLength(20);

    await request(app).delete(`/api/v1/tokens/${tokens[0]!.id}`).set('Authorization', `Bearer ${tokens[1]!.token}`).expect(204);
    await make('máy 21').expect(201);
    await make('máy 22').expect(422);
  });

  it('refuses it on the account page too, keeping the name typed', async () => {
    const { web } = await makeApp();
    // The editor already has the helpers' token.
    for (let i = 2; i <= 20; i++) await web.post('/account/tokens', { name: `máy ${i}` }).expect(201);
    const page = await web.post('/account/tokens', { name: 'máy thừa' }).expect(422);
    expect(page.text).toContain('tối đa 20');
    expect(page.text).toContain('value="máy thừa"');
  });
});
