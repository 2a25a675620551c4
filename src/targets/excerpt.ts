import { shortened } from '../format.js'
import { maskUrlPasswords } from '../redact.js'

/** The most characters of a value from the targets file that a message quotes, quotes included. */
const QUOTED = 40
/** The most characters of a YAML parser's message: the parsers' own words fit (the longest has 87). */
const PARSER_MESSAGE = 100

/**
 * A value from the targets file as a message about the file quotes it: in JSON quotes, passwords in URLs
 * masked, and cut short. The file may hold a secret written out, or not be a targets file at all; the message
 * names the line, and a short excerpt is enough to find the place.
 */
export function quote(value: string): string {
  return shortened(JSON.stringify(maskUrlPasswords(value)), QUOTED)
}

/** Text from the targets file as a message shows it unquoted (a regular expression as written): masked, cut. */
export function excerpt(text: string): string {
  return shortened(maskUrlPasswords(text), QUOTED)
}

/** A key from the targets file as a path in a message shows it (`targets[0].headers.X-Key`), cut like a value. */
export function keyExcerpt(key: string): string {
  return shortened(JSON.stringify(maskUrlPasswords(key)).slice(1, -1), QUOTED)
}

/**
 * A YAML parser's message, which may quote the file (a tag, an alias, the rest of a line): its first line,
 * masked, each word cut like a quoted value and the whole cut short.
 */
export function parserMessage(message: string): string {
  const words = maskUrlPasswords(message.split('\n')[0]).replace(/\S{41,}/g, word => shortened(word, QUOTED))
  return shortened(words, PARSER_MESSAGE)
}
