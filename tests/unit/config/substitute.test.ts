import { describe, expect, it } from 'vitest'
import { substituteVars, unusedParams } from '../../../src/config/index.js'

const none = new Map<string, string>()

describe('substituteVars (C02)', () => {
  it('replaces ${NAME} from params before env', () => {
    const r = substituteVars('a=${A} b=${B}', new Map([['A', 'param']]), { A: 'env', B: 'envb' })
    expect(r).toEqual({ text: 'a=param b=envb', problems: [] })
  })

  it('${} becomes the empty string', () => {
    expect(substituteVars('x${}y', none, {}).text).toBe('xy')
  })

  it('reports every unset variable with its line', () => {
    const r = substituteVars('one: ${X}\ntwo: ok\nthree: ${Y}', none, {})
    expect(r.problems).toEqual([
      { kind: 'unset', name: 'X', line: 1 },
      { kind: 'unset', name: 'Y', line: 3 },
    ])
  })

  it('rejects values containing NUL without echoing them', () => {
    const r = substituteVars('${P}', new Map([['P', 'a\0b']]), {})
    expect(r.problems).toEqual([{ kind: 'nul', name: 'P', line: 1 }])
  })

  it('does not rescan substituted values', () => {
    expect(substituteVars('${A}', new Map([['A', '${B}']]), { B: 'no' }).text).toBe('${B}')
  })

  it('an unterminated ${ is left alone', () => {
    expect(substituteVars('cost ${ 5', none, {}).text).toBe('cost ${ 5')
  })

  it('values with newlines and quotes pass through verbatim', () => {
    expect(substituteVars('W ${F}', new Map([['F', "name = 'o''brien'\nx"]]), {}).text).toBe("W name = 'o''brien'\nx")
  })
})

describe('unusedParams (B02)', () => {
  it('lists params no text references, sorted', () => {
    const params = new Map([['b', '1'], ['a', '2'], ['used', '3']])
    expect(unusedParams(params, ['x ${used}', 'nothing'])).toEqual(['a', 'b'])
  })
})
