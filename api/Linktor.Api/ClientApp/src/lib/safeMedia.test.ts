import { describe, expect, it } from 'vitest';
import { httpUrl, inlineSafeBlob, isInlineType } from './safeMedia';

describe('httpUrl', () => {
  it('keeps http and https URLs', () => {
    expect(httpUrl('https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png');
    expect(httpUrl('http://localhost:5080/media/abc')).toBe('http://localhost:5080/media/abc');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>1</script>', 'vbscript:x', '/relative', 'not a url', '', null, undefined])(
    'refuses %s',
    (url) => {
      expect(httpUrl(url)).toBeUndefined();
    },
  );
});

describe('inlineSafeBlob', () => {
  it('keeps types a browser cannot run', () => {
    expect(isInlineType('image/png')).toBe(true);
    expect(isInlineType('video/mp4; codecs=avc1')).toBe(true);
    expect(inlineSafeBlob(new Blob(['x'], { type: 'image/jpeg' })).type).toBe('image/jpeg');
  });

  it('turns active types into plain downloads', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/xml', '']) {
      expect(isInlineType(type)).toBe(false);
      expect(inlineSafeBlob(new Blob(['<script>1</script>'], { type })).type).toBe('application/octet-stream');
    }
  });
});
