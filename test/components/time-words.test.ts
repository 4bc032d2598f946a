import { expect } from '@open-wc/testing';
import { ageInWords, countdownText, secondsUntil } from '../../components/bad-gateway-banner/time-words.js';

const now = Date.UTC(2025, 0, 15, 12, 0, 0);
const ago = (seconds: number) => now - seconds * 1000;

describe('ageInWords', () => {
  it('says how long ago a copy was saved, in the largest whole unit', () => {
    expect(ageInWords(ago(3 * 3600 + 1500), now, 'en')).to.equal('3 hours ago');
    expect(ageInWords(ago(5 * 60), now, 'en')).to.equal('5 minutes ago');
    expect(ageInWords(ago(20), now, 'en')).to.equal('20 seconds ago');
    expect(ageInWords(ago(3 * 86400), now, 'en')).to.equal('3 days ago');
    expect(ageInWords(ago(2 * 7 * 86400), now, 'en')).to.equal('2 weeks ago');
  });

  it('uses natural words where Intl has them', () => {
    expect(ageInWords(ago(86400 + 60), now, 'en')).to.equal('yesterday');
    expect(ageInWords(now, now, 'en')).to.equal('now');
  });

  it('speaks Simplified Chinese', () => {
    expect(ageInWords(ago(3 * 3600), now, 'zh-CN')).to.equal('3小时前');
    expect(ageInWords(ago(10 * 60), now, 'zh-CN')).to.equal('10分钟前');
  });

  it('treats a save time in the future (clock skew) as just now', () => {
    expect(ageInWords(now + 60_000, now, 'en')).to.equal('now');
  });
});

describe('countdown text', () => {
  it('rounds the seconds left up, so it reaches 0 exactly when the time is up', () => {
    expect(secondsUntil(now + 12_001, now)).to.equal(13);
    expect(secondsUntil(now + 12_000, now)).to.equal(12);
    expect(secondsUntil(now + 1, now)).to.equal(1);
    expect(secondsUntil(now, now)).to.equal(0);
    expect(secondsUntil(now - 5000, now)).to.equal(0);
  });

  it('shows seconds under a minute and m:ss or h:mm:ss above', () => {
    expect(countdownText(12, '{n} s')).to.equal('12 s');
    expect(countdownText(12, '{n} 秒')).to.equal('12 秒');
    expect(countdownText(60, '{n} s')).to.equal('1:00');
    expect(countdownText(245, '{n} s')).to.equal('4:05');
    expect(countdownText(3600 + 4 * 60 + 5, '{n} s')).to.equal('1:04:05');
  });
});
