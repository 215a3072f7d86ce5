import { describe, expect, it } from 'vitest';
import { scriptSafeJson } from '../../src/http/go-template.ts';
import { pageGlobals } from '../../src/http/pages.ts';
import { defaultSettings } from '../../src/settings/schema.ts';

describe('the chat page globals', () => {
  it('escape everything that could end the script or break a JS string', () => {
    const text = scriptSafeJson({ a: '</script><!-- & \u2028\u2029' });
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028\u2029' });
  });

  it('declare each value as a top-level const, the way the original page does', () => {
    const settings = defaultSettings();
    settings.WebsiteURL = 'https://site.example';
    const script = pageGlobals(settings, 'tok', { sub: 'amy', rules: ['novideo'] }, ['bob']);
    const read = new Function(
      `${script}\nreturn { WebsiteURL, UserJWTToken, UserJWTValid, UserJWTClaims, UserJWTRules, CachedBlocklist, PermitNSFW };`,
    );
    expect(read()).toEqual({
      WebsiteURL: 'https://site.example',
      UserJWTToken: 'tok',
      UserJWTValid: true,
      UserJWTClaims: { sub: 'amy', rules: ['novideo'] },
      UserJWTRules: {
        IsNoVideoRule: true,
        IsNoImageRule: false,
        IsNoBroadcastRule: true,
        IsRedCamRule: false,
        IsNoDarkVideoRule: false,
      },
      CachedBlocklist: ['bob'],
      PermitNSFW: false,
    });
  });
});
