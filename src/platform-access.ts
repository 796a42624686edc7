import { ENV_VARS } from './config.js';
import { sealerFrom } from './security/sealing.js';
import type { FetchRules } from './services/page-fetch.js';
import type { PlatformAccess } from './services/platforms/access.js';

/** How long one platform call may take by default: their APIs are slower than a page. */
const PLATFORM_TIMEOUT_MS = 15_000;

/**
 * What reading the platforms needs, for the app and for the scheduled job alike: the API addresses
 * (the real ones unless told), the sealer of the communes' keys keyed from the session secret, and
 * the link fetcher's rules with a longer time limit.
 */
export function platformAccess(sessionSecret: string, rules: FetchRules, given: Partial<Pick<PlatformAccess, 'youtubeApiUrl' | 'facebookGraphUrl' | 'zaloOaApiUrl' | 'youtubeApiKey'>> & { timeoutMs?: number } = {}): PlatformAccess {
  return {
    youtubeApiUrl: given.youtubeApiUrl ?? ENV_VARS.YOUTUBE_API_URL.default,
    facebookGraphUrl: given.facebookGraphUrl ?? ENV_VARS.FACEBOOK_GRAPH_URL.default,
    zaloOaApiUrl: given.zaloOaApiUrl ?? ENV_VARS.ZALO_OA_API_URL.default,
    youtubeApiKey: given.youtubeApiKey ?? null,
    sealer: sealerFrom(sessionSecret),
    rules: { ...rules, timeoutMs: given.timeoutMs ?? PLATFORM_TIMEOUT_MS },
  };
}
