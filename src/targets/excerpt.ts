import { maskUrlPasswords } from '../redact.js'

/** The most characters of a value from the targets file that a message quotes, quotes included. */
const QUOTED = 40
/** The most characters of a YAML parser's message, which may quote the file: its own words fit. */
const PARSER_MESSAGE = 80

/**
 * A value from the targets file as a message about the file quotes it: in JSON quotes, passwords in URLs
 * masked, and cut short. The file may hold a secret written out, or not be a targets file at all; the message
 * names the line, and a short excerpt is enough to find the place.
 */
export function quote(value: string): string {
  return cut(JSON.stringify(maskUrlPasswords(value)), QUOTED)
}

/** A YAML parser's message, which may quote a line of the file, masked and cut like a quoted value. */
export function parserMessage(message: string): string {
  return cut(maskUrlPasswords(message.split('\n')[0]), PARSER_MESSAGE)
}

function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 3)}...` : text
}
