//! Turns any byte stream of a CLIXML file into UTF-8 for the XML parser:
//! sniffs the BOM (UTF-8, UTF-16 LE/BE; UTF-32 is refused), transcodes
//! UTF-16 in chunks with `encoding_rs`, drops a leading `#< CLIXML` line, and
//! maps positions in the UTF-8 stream back to byte offsets in the file.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};

use encoding_rs::{Decoder, UTF_16BE, UTF_16LE};

/// Size of one read from the source.
const CHUNK: usize = 256 * 1024;
/// How many transcoded chunks are remembered for exact offset mapping.
const REMEMBERED_CHUNKS: usize = 4;

/// The encoding the file was detected to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceEncoding {
    /// UTF-8 without BOM (PowerShell 7's default).
    Utf8,
    /// UTF-8 with BOM.
    Utf8Bom,
    /// UTF-16 little endian with BOM (Windows PowerShell 5.1's default).
    Utf16Le,
    /// UTF-16 big endian with BOM.
    Utf16Be,
}

/// A transcoded chunk: where it starts in the UTF-8 stream and in the file.
struct ChunkMap {
    out_start: u64,
    in_start: u64,
    /// The UTF-8 bytes produced for the chunk (kept only for UTF-16 sources).
    text: Vec<u8>,
}

/// `BufRead` over the UTF-8 form of a CLIXML byte stream.
pub struct Utf8Stream<R: Read> {
    source: R,
    encoding: Option<SourceEncoding>,
    /// Set by [`Utf8Stream::with_encoding`]: no BOM sniffing, no marker line.
    forced: bool,
    decoder: Option<Decoder>,
    raw: Vec<u8>,
    buf: Vec<u8>,
    pos: usize,
    /// Bytes of the file consumed so far (including BOM and skipped line).
    in_consumed: u64,
    /// UTF-8 bytes produced so far (those already in `buf` included).
    out_produced: u64,
    /// File bytes before UTF-8 offset 0 (BOM, skipped `#< CLIXML` line).
    prefix: u64,
    source_done: bool,
    decoder_finished: bool,
    started: bool,
    chunks: VecDeque<ChunkMap>,
}

impl<R: Read> Utf8Stream<R> {
    /// Wraps a byte source. Nothing is read until the first `fill_buf`.
    pub fn new(source: R) -> Self {
        Utf8Stream {
            source,
            encoding: None,
            forced: false,
            decoder: None,
            raw: Vec::new(),
            buf: Vec::with_capacity(CHUNK),
            pos: 0,
            in_consumed: 0,
            out_produced: 0,
            prefix: 0,
            source_done: false,
            decoder_finished: false,
            started: false,
            chunks: VecDeque::new(),
        }
    }

    /// Wraps a fragment of a file (no BOM, no `#< CLIXML` line) known to be
    /// in `encoding`; offsets are relative to the fragment's first byte.
    pub fn with_encoding(source: R, encoding: SourceEncoding) -> Self {
        let mut s = Utf8Stream::new(source);
        s.forced = true;
        s.encoding = Some(encoding);
        s
    }

    /// The detected encoding (known after the first read).
    pub fn encoding(&self) -> Option<SourceEncoding> {
        self.encoding
    }

    /// Bytes of the underlying file consumed so far.
    pub fn bytes_read(&self) -> u64 {
        self.in_consumed
    }

    /// Maps an offset in the UTF-8 stream to a byte offset in the file.
    pub fn file_offset(&self, utf8_offset: u64) -> u64 {
        match self.encoding {
            None | Some(SourceEncoding::Utf8) | Some(SourceEncoding::Utf8Bom) => {
                utf8_offset + self.prefix
            }
            Some(SourceEncoding::Utf16Le) | Some(SourceEncoding::Utf16Be) => {
                for c in self.chunks.iter().rev() {
                    if utf8_offset >= c.out_start {
                        let within = (utf8_offset - c.out_start) as usize;
                        let within = within.min(c.text.len());
                        let prefix = String::from_utf8_lossy(&c.text[..within]);
                        let units: usize = prefix.chars().map(char::len_utf16).sum();
                        return c.in_start + 2 * units as u64;
                    }
                }
                // Older than the remembered chunks: estimate from the ratio.
                self.prefix + utf8_offset * 2
            }
        }
    }

    fn read_raw(&mut self, want: usize) -> io::Result<usize> {
        // Appends up to `want` bytes (fewer only at the end of the source)
        // without zero-filling the buffer first.
        let start = self.raw.len();
        self.raw.reserve(want);
        (&mut self.source)
            .take(want as u64)
            .read_to_end(&mut self.raw)
            .map(|_| self.raw.len() - start)
    }

    /// Reads the start of the file: BOM and optional `#< CLIXML` line.
    fn start(&mut self) -> io::Result<()> {
        self.started = true;
        if self.forced {
            self.decoder = match self.encoding {
                Some(SourceEncoding::Utf16Le) => Some(UTF_16LE.new_decoder_without_bom_handling()),
                Some(SourceEncoding::Utf16Be) => Some(UTF_16BE.new_decoder_without_bom_handling()),
                _ => None,
            };
            return self.refill();
        }
        while self.raw.len() < 4 {
            if self.read_raw(CHUNK)? == 0 {
                break;
            }
        }
        let r = &self.raw;
        let (enc, bom) = if r.starts_with(&[0xFF, 0xFE, 0, 0]) || r.starts_with(&[0, 0, 0xFE, 0xFF])
        {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "UTF-32 files are not supported; re-export with -Encoding UTF8 or -Encoding Unicode",
            ));
        } else if r.starts_with(&[0xEF, 0xBB, 0xBF]) {
            (SourceEncoding::Utf8Bom, 3)
        } else if r.starts_with(&[0xFF, 0xFE]) {
            (SourceEncoding::Utf16Le, 2)
        } else if r.starts_with(&[0xFE, 0xFF]) {
            (SourceEncoding::Utf16Be, 2)
        } else {
            (SourceEncoding::Utf8, 0)
        };
        self.encoding = Some(enc);
        self.raw.drain(..bom);
        self.in_consumed = bom as u64;
        self.prefix = bom as u64;
        self.decoder = match enc {
            SourceEncoding::Utf16Le => Some(UTF_16LE.new_decoder_without_bom_handling()),
            SourceEncoding::Utf16Be => Some(UTF_16BE.new_decoder_without_bom_handling()),
            _ => None,
        };
        // Produce the first chunk and drop an optional `#< CLIXML` line.
        self.refill()?;
        let data = &self.buf[self.pos..];
        let lead = data.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if data[lead..].starts_with(b"#<")
            && let Some(nl) = memchr::memchr(b'\n', &data[lead..])
        {
            let skip = lead + nl + 1;
            // Map the skipped UTF-8 bytes to file bytes (ASCII line).
            let file_skip = match enc {
                SourceEncoding::Utf16Le | SourceEncoding::Utf16Be => 2 * skip as u64,
                _ => skip as u64,
            };
            self.pos += skip;
            self.prefix += file_skip;
            // Shift the UTF-8 origin so offsets count from after the line.
            self.out_produced -= skip as u64;
            for c in self.chunks.iter_mut() {
                c.in_start += file_skip;
                c.text.drain(..skip.min(c.text.len()));
            }
        }
        Ok(())
    }

    /// Replaces the consumed buffer with the next chunk of UTF-8.
    fn refill(&mut self) -> io::Result<()> {
        self.buf.clear();
        self.pos = 0;
        while self.buf.is_empty() {
            if self.raw.is_empty() && !self.source_done && self.read_raw(CHUNK)? == 0 {
                self.source_done = true;
            }
            let last = self.source_done;
            match &mut self.decoder {
                None => {
                    std::mem::swap(&mut self.buf, &mut self.raw);
                    self.raw.clear();
                    self.in_consumed += self.buf.len() as u64;
                }
                Some(decoder) => {
                    if self.decoder_finished {
                        break;
                    }
                    let in_start = self.in_consumed;
                    let max = decoder
                        .max_utf8_buffer_length_without_replacement(self.raw.len())
                        .unwrap_or(self.raw.len() * 3 + 16);
                    self.buf.resize(max, 0);
                    let (result, read, written) =
                        decoder.decode_to_utf8_without_replacement(&self.raw, &mut self.buf, last);
                    self.buf.truncate(written);
                    if let encoding_rs::DecoderResult::Malformed(_, _) = result {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!(
                                "invalid UTF-16 near byte offset {}",
                                self.in_consumed + read as u64
                            ),
                        ));
                    }
                    if last {
                        self.decoder_finished = true;
                    }
                    self.raw.drain(..read);
                    self.in_consumed += read as u64;
                    if !self.buf.is_empty() {
                        if self.chunks.len() == REMEMBERED_CHUNKS {
                            self.chunks.pop_front();
                        }
                        self.chunks.push_back(ChunkMap {
                            out_start: self.out_produced,
                            in_start,
                            text: self.buf.clone(),
                        });
                    }
                }
            }
            self.out_produced += self.buf.len() as u64;
            if self.buf.is_empty() && last && self.raw.is_empty() {
                break;
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Stream<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: Read> BufRead for Utf8Stream<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if !self.started {
            self.start()?;
        }
        if self.pos >= self.buf.len() {
            self.refill()?;
        }
        Ok(&self.buf[self.pos..])
    }

    fn consume(&mut self, amt: usize) {
        self.pos = (self.pos + amt).min(self.buf.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf8_of(bytes: &[u8]) -> (String, Option<SourceEncoding>) {
        let mut s = Utf8Stream::new(bytes);
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        (out, s.encoding())
    }

    fn utf16le(text: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in text.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn detects_each_bom() {
        assert_eq!(
            utf8_of(b"<Objs/>"),
            ("<Objs/>".into(), Some(SourceEncoding::Utf8))
        );
        assert_eq!(
            utf8_of(b"\xEF\xBB\xBF<Objs/>"),
            ("<Objs/>".into(), Some(SourceEncoding::Utf8Bom))
        );
        assert_eq!(
            utf8_of(&utf16le("<Objs>é😀</Objs>", true)),
            ("<Objs>é😀</Objs>".into(), Some(SourceEncoding::Utf16Le))
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "<Objs>é</Objs>".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(
            utf8_of(&be),
            ("<Objs>é</Objs>".into(), Some(SourceEncoding::Utf16Be))
        );
    }

    #[test]
    fn refuses_utf32() {
        let mut s = Utf8Stream::new(&[0xFF, 0xFE, 0, 0, b'<', 0, 0, 0][..]);
        assert!(s.fill_buf().is_err());
    }

    #[test]
    fn skips_clixml_marker_line_and_maps_offsets() {
        let mut s = Utf8Stream::new(&b"#< CLIXML\r\n<Objs/>"[..]);
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert_eq!(out, "<Objs/>");
        assert_eq!(s.file_offset(0), 11);

        let bytes = utf16le("#< CLIXML\n<Objs>é<x/></Objs>", true);
        let mut s = Utf8Stream::new(&bytes[..]);
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert_eq!(out, "<Objs>é<x/></Objs>");
        // `<x/>` is at UTF-8 offset 8 (é is two bytes), UTF-16 unit 7 of the
        // data after BOM (2 bytes) and the marker line (10 units).
        assert_eq!(s.file_offset(8), 2 + 20 + 14);
    }

    #[test]
    fn forced_encoding_reads_a_fragment() {
        let bytes = utf16le("<S>é</S>", false);
        let mut s = Utf8Stream::with_encoding(&bytes[..], SourceEncoding::Utf16Le);
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert_eq!(out, "<S>é</S>");
        assert_eq!(s.file_offset(5), 8);
        let mut s = Utf8Stream::with_encoding(&b"#< x"[..], SourceEncoding::Utf8);
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert_eq!(out, "#< x");
    }

    #[test]
    fn transcodes_across_chunk_boundaries() {
        let text: String = "ab€😀".repeat(CHUNK / 3);
        let bytes = utf16le(&text, true);
        let (out, _) = utf8_of(&bytes);
        assert_eq!(out, text);
    }
}
