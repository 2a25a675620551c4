import { describe, expect, it } from '@jest/globals'
import { Redactor, maskUrlPasswords } from '../src/redact.js'

describe('redaction', () => {
  it('masks every registered secret, longest first, and tells the runner about each once', () => {
    const told: string[] = []
    const redactor = new Redactor(secret => told.push(secret))
    redactor.add('abc')
    redactor.add('abcdef')
    redactor.add('abc')
    redactor.add('')
    expect(redactor.redact('token abcdef and abc')).toBe('token *** and ***')
    expect(told).toEqual(['abc', 'abcdef'])
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
