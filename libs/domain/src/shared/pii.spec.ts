import { assertNoPii, findPii } from './pii';

describe('PII guard', () => {
  it.each([
    ['13912345678', 'mobile-number'],
    ['患者电话 139 1234 5678 已回访', 'mobile-number'],
    ['139-1234-5678', 'mobile-number'],
    ['+8613912345678', 'mobile-number'],
    ['+86 139 1234 5678', 'mobile-number'],
    ['86-13912345678', 'mobile-number'],
    ['１３９１２３４５６７８', 'mobile-number'],
    ['110105199003071234', 'resident-id-number'],
    ['11010519900307123X', 'resident-id-number'],
    ['11010519900307123x', 'resident-id-number'],
    ['身份证 110105 19900307 1235（校验位错误也拒绝）', 'resident-id-number'],
  ])('finds personal data in %s', (text, kind) => {
    expect(findPii(text)).toBe(kind);
  });

  it.each([
    'PR-2024-000123',
    '会议于2024-03-12 14:00召开，参会18人',
    '12912345678',
    '139123456789012345678901',
    '党建专项绩效 750000 元',
    '10086',
  ])('lets ordinary text through: %s', (text) => {
    expect(findPii(text)).toBeNull();
  });

  it('names the offending field in a PII.FORBIDDEN refusal', () => {
    expect(() => assertNoPii({ topic: '学习', notes: '家属电话13912345678' })).toThrow(
      expect.objectContaining({ code: 'PII.FORBIDDEN', details: { field: 'notes', kind: 'mobile-number' } }),
    );
    expect(() => assertNoPii({ topic: '学习', notes: undefined })).not.toThrow();
  });
});
