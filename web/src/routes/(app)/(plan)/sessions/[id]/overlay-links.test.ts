import { describe, expect, it } from 'vitest';
import { overlayUrls } from './overlay-links.js';

describe('overlay links', () => {
  it('builds the landscape and vertical OBS URLs on the app origin', () => {
    const urls = overlayUrls('https://live.example.com', 'TGl2ZVNlc3Npb246MQ==', 'bco_abc123');
    expect(urls.landscape).toBe('https://live.example.com/overlay/TGl2ZVNlc3Npb246MQ%3D%3D?token=bco_abc123');
    expect(urls.vertical).toBe('https://live.example.com/overlay/TGl2ZVNlc3Npb246MQ%3D%3D?token=bco_abc123&layout=vertical');
  });

  it('escapes characters a token could carry', () => {
    expect(overlayUrls('http://localhost:4000', 's1', 'a+b/c=').landscape).toBe('http://localhost:4000/overlay/s1?token=a%2Bb%2Fc%3D');
  });
});
