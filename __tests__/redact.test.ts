import { describe, expect, it } from '@jest/globals'
import { Redactor, maskUrlPasswords } from '../src/redact.js'

describe('redaction', () => {
  it('masks every registered secret, longest first, and tells the runner about each once', () => {
    const told: string[] = []
    const redactor = new Redactor({ mask: secret => told.push(secret) })
    redactor.add('abcd', '${A}')
    redactor.add('abcdef', '${B}')
    redactor.add('abcd', '${C}')
    redactor.add('', '${D}')
    expect(redactor.redact('token abcdef and abcd')).toBe('token *** and ***')
    expect(told).toEqual(['abcd', 'abcdef'])
  })

  it('leaves free text alone for a secret too short to mask, warns once, and still has the runner mask it', () => {
    const told: string[] = []
    const short: string[] = []
    const redactor = new Redactor({
      mask: secret => told.push(secret),
      tooShort: source => short.push(source)
    })
    redactor.add('x', '${API_TOKEN}')
    redactor.add('x', '${API_TOKEN}')
    redactor.add('abc', '${STAGE}')
    expect(redactor.redact('example.com answered abc')).toBe('example.com answered abc')
    expect(told).toEqual(['x', 'abc'])
    expect(short).toEqual(['${API_TOKEN}', '${STAGE}'])
  })

  it('masks passwords in URLs it was never told about', () => {
    expect(maskUrlPasswords('GET https://user:hunter2@host.example/x and tcp://a:b@db:5432')).toBe(
      'GET https://user:***@host.example/x and tcp://a:***@db:5432'
    )
    expect(maskUrlPasswords('https://user@host.example/ https://host.example/a:b@c')).toBe(
      'https://user@host.example/ https://host.example/a:b@c'
    )
  })
})
