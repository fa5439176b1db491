//! The visible signature block (`/AP /N` of the widget), as Decree 30/2020/NĐ-CP (Appendix I)
//! describes a digitally signed document: the signer's handwritten signature image, the
//! agency's seal image over the left third of it, and the signature information in Times at
//! 10 pt: who signed, the agency, and the signing time in ISO 8601 with Vietnam's offset.
//!
//! Objects are written with pdf-writer into a [`Objects`] chunk whose offsets the incremental
//! update takes over.

use super::error::{Error, Image as ImageKind, Result};
use super::time::Instant;
use crate::pdf::embed::deflate;
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Rect, Ref, Str};

/// Font size and line height of the text block, in points.
pub const FONT_SIZE: f32 = 10.0;
pub const LEADING: f32 = 12.0;
/// Inner margin of the block.
const PAD: f32 = 3.0;
/// The smallest height left for the images above the text.
const MIN_IMAGE_HEIGHT: f32 = 18.0;

/// New indirect objects and where each starts in `chunk`.
pub struct Objects {
    pub chunk: Chunk,
    pub offsets: Vec<(i32, usize)>,
    next: i32,
}

impl Objects {
    pub fn new(first_id: i32) -> Objects {
        Objects {
            chunk: Chunk::new(),
            offsets: Vec::new(),
            next: first_id,
        }
    }

    pub fn alloc(&mut self) -> Ref {
        let r = Ref::new(self.next);
        self.next += 1;
        r
    }

    /// The next free object number.
    pub fn next_id(&self) -> i32 {
        self.next
    }

    /// Records that object `r` starts here; call right before writing it.
    fn begin(&mut self, r: Ref) {
        self.offsets.push((r.get(), self.chunk.len()));
    }
}

impl crate::pdf::embed::Sink for Objects {
    fn alloc(&mut self) -> Ref {
        Objects::alloc(self)
    }
    fn object(&mut self, id: Ref) -> &mut Chunk {
        self.begin(id);
        &mut self.chunk
    }
}

/// What the block shows.
pub struct Block<'a> {
    pub signer: &'a str,
    pub agency: Option<&'a str>,
    pub time: Instant,
    pub signature_png: Option<&'a [u8]>,
    pub seal_png: Option<&'a [u8]>,
}

impl Block<'_> {
    /// The text lines before wrapping; always in Vietnamese: they are part of the document.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!("Ký bởi: {}", self.signer)];
        if let Some(a) = self.agency.filter(|a| !a.trim().is_empty()) {
            out.push(format!("Cơ quan: {a}"));
        }
        out.push(format!("Thời gian ký: {}", self.time.iso8601_vn()));
        out
    }

    fn has_images(&self) -> bool {
        self.signature_png.is_some() || self.seal_png.is_some()
    }

    /// A size that fits the block when the user gave no rectangle.
    pub fn default_size(&self) -> (f32, f32) {
        let w = 220.0;
        let n = wrap(&self.lines(), w - 2.0 * PAD).map_or(4, |l| l.len());
        let images = if self.has_images() { 72.0 } else { 0.0 };
        (w, 2.0 * PAD + n as f32 * LEADING + images)
    }
}

/// The font of the text block: the renderer's Liberation Serif (Times metrics, every
/// Vietnamese letter), shared so that the binary holds the font once.
fn font() -> &'static crate::pdf::font::Font {
    crate::pdf::font::font(crate::pdf::font::Face::Regular)
}

/// Width of `s` at `FONT_SIZE`.
fn width(s: &str) -> Result<f32> {
    font().width(s, FONT_SIZE).map_err(|m| missing(m.0))
}

fn missing(c: char) -> Error {
    Error::MissingGlyph(c)
}

/// Greedy word wrap at `width` points; a word wider than a line is cut between characters.
fn wrap(lines: &[String], width: f32) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for line in lines {
        let mut cur = String::new();
        for word in line.split_whitespace() {
            let candidate = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if self::width(&candidate)? <= width {
                cur = candidate;
                continue;
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            for c in word.chars() {
                let mut next = cur.clone();
                next.push(c);
                if self::width(&next)? > width && !cur.is_empty() {
                    out.push(std::mem::replace(&mut cur, c.to_string()));
                } else {
                    cur = next;
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    Ok(out)
}

/// A decoded PNG: 8-bit gray or RGB samples and an optional alpha channel.
struct Image {
    width: u32,
    height: u32,
    rgb: bool,
    color: Vec<u8>,
    alpha: Option<Vec<u8>>,
}

fn decode_png(bytes: &[u8], what: ImageKind) -> Result<Image> {
    let bad = |e: &dyn std::fmt::Display| Error::BadImage {
        what,
        detail: e.to_string(),
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| bad(&"too large"))?;
    let mut buf = vec![0; size];
    let info = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    buf.truncate(info.buffer_size());
    let (w, h) = (info.width, info.height);
    let (channels, rgb, has_alpha) = match info.color_type {
        png::ColorType::Grayscale => (1, false, false),
        png::ColorType::GrayscaleAlpha => (2, false, true),
        png::ColorType::Rgb => (3, true, false),
        png::ColorType::Rgba => (4, true, true),
        png::ColorType::Indexed => return Err(bad(&"indexed colour left unexpanded")),
    };
    let row = info.line_size;
    let color_n = if rgb { 3 } else { 1 };
    let mut color = Vec::with_capacity((w * h) as usize * color_n);
    let mut alpha = has_alpha.then(|| Vec::with_capacity((w * h) as usize));
    for y in 0..h as usize {
        let line = buf
            .get(y * row..y * row + w as usize * channels)
            .ok_or_else(|| bad(&"short image data"))?;
        for px in line.chunks_exact(channels) {
            color.extend_from_slice(&px[..color_n]);
            if let Some(a) = alpha.as_mut() {
                a.push(px[channels - 1]);
            }
        }
    }
    Ok(Image {
        width: w,
        height: h,
        rgb,
        color,
        alpha,
    })
}

fn write_image(objs: &mut Objects, img: &Image) -> Ref {
    let smask = img.alpha.as_ref().map(|a| {
        let r = objs.alloc();
        let data = deflate(a);
        objs.begin(r);
        let mut x = objs.chunk.image_xobject(r, &data);
        x.filter(Filter::FlateDecode);
        x.width(img.width as i32).height(img.height as i32);
        x.color_space().device_gray();
        x.bits_per_component(8);
        x.finish();
        r
    });
    let r = objs.alloc();
    let data = deflate(&img.color);
    objs.begin(r);
    let mut x = objs.chunk.image_xobject(r, &data);
    x.filter(Filter::FlateDecode);
    x.width(img.width as i32).height(img.height as i32);
    if img.rgb {
        x.color_space().device_rgb();
    } else {
        x.color_space().device_gray();
    }
    x.bits_per_component(8);
    if let Some(m) = smask {
        x.s_mask(m);
    }
    x.finish();
    r
}

/// Embeds the glyphs of `lines` as the renderer embeds its fonts (Type 0, Identity-H, subset,
/// ToUnicode) and returns the font and the encoded lines (2-byte CIDs).
fn write_font(objs: &mut Objects, lines: &[String]) -> Result<(Ref, Vec<Vec<u8>>)> {
    let face = crate::pdf::font::Face::Regular;
    let mut used = crate::pdf::embed::FontUse::default();
    let encoded = lines
        .iter()
        .map(|l| used.encode(face, l).map_err(|m| missing(m.0)))
        .collect::<Result<Vec<_>>>()?;
    let type0 = objs.alloc();
    used.write(objs, type0, face).map_err(Error::FontEmbed)?;
    Ok((type0, encoded))
}

/// Shows the encoded lines in black at `x`, the last one at the bottom of the block.
fn draw_lines(content: &mut Content, encoded: &[Vec<u8>], x: f32) {
    content.begin_text();
    content.set_fill_gray(0.0);
    content.set_font(Name(b"F1"), FONT_SIZE);
    let n = encoded.len();
    for (i, bytes) in encoded.iter().enumerate() {
        // Baselines from the top line down; 3 pt under each baseline for descenders.
        let y = PAD + (n - 1 - i) as f32 * LEADING + 3.0;
        content.set_text_matrix([1.0, 0.0, 0.0, 1.0, x, y]);
        content.show(Str(bytes));
    }
    content.end_text();
}

/// Writes the appearance of a `w` × `h` block and returns its form XObject.
pub fn build(objs: &mut Objects, w: f32, h: f32, block: &Block) -> Result<Ref> {
    let text_width = w - 2.0 * PAD;
    let lines = if text_width > 0.0 {
        wrap(&block.lines(), text_width)?
    } else {
        Vec::new()
    };
    let text_h = lines.len() as f32 * LEADING;
    let image_h = h - 2.0 * PAD - text_h - 2.0;
    if text_width <= 0.0
        || text_h > h - 2.0 * PAD
        || (block.has_images() && image_h < MIN_IMAGE_HEIGHT)
    {
        let need = 2.0 * PAD
            + text_h
            + if block.has_images() {
                MIN_IMAGE_HEIGHT + 2.0
            } else {
                0.0
            };
        return Err(Error::BlockTooSmall { w, h, need });
    }

    let mut content = Content::new();
    let mut xobjects = Vec::new();
    if block.has_images() {
        let sig = block
            .signature_png
            .map(|b| decode_png(b, ImageKind::Signature))
            .transpose()?;
        let seal = block
            .seal_png
            .map(|b| decode_png(b, ImageKind::Seal))
            .transpose()?;
        let aspect = |i: &Image| i.width as f32 / i.height.max(1) as f32;
        // Sizes at full height; the seal is drawn at the height of the area, the signature a
        // little smaller, then both shrink together if they are too wide.
        let sig_size = sig
            .as_ref()
            .map(|i| (aspect(i) * image_h * 0.8, image_h * 0.8));
        let seal_size = seal.as_ref().map(|i| (aspect(i) * image_h, image_h));
        // x of each relative to the seal's left edge: the seal's right edge on the first third
        // of the signature.
        let (sig_x, seal_x) = match (sig_size, seal_size) {
            (Some((sw, _)), Some((ew, _))) => (ew - sw / 3.0, 0.0),
            _ => (0.0, 0.0),
        };
        let left = sig_size
            .map_or(f32::MAX, |_| sig_x)
            .min(seal_size.map_or(f32::MAX, |_| seal_x));
        let right = sig_size
            .map_or(f32::MIN, |(sw, _)| sig_x + sw)
            .max(seal_size.map_or(f32::MIN, |(ew, _)| seal_x + ew));
        let total = (right - left).max(1.0);
        let k = (text_width / total).min(1.0);
        let origin_x = PAD + (text_width - total * k) / 2.0 - left * k;
        let base_y = PAD + text_h + 2.0;
        let mut place = |img: &Image, x: f32, (iw, ih): (f32, f32), name: &'static [u8]| {
            let r = write_image(objs, img);
            xobjects.push((name, r));
            let (iw, ih) = (iw * k, ih * k);
            let y = base_y + (image_h - ih) / 2.0;
            content.save_state();
            content.transform([iw, 0.0, 0.0, ih, origin_x + x * k, y]);
            content.x_object(Name(name));
            content.restore_state();
        };
        if let (Some(img), Some(size)) = (&sig, sig_size) {
            place(img, sig_x, size, b"Sig");
        }
        // The seal last: it lies over the signature.
        if let (Some(img), Some(size)) = (&seal, seal_size) {
            place(img, seal_x, size, b"Seal");
        }
    }
    let font = if lines.is_empty() {
        None
    } else {
        let (font, encoded) = write_font(objs, &lines)?;
        draw_lines(&mut content, &encoded, PAD);
        Some(font)
    };
    let data = content.finish();
    let form = objs.alloc();
    objs.begin(form);
    let mut x = objs.chunk.form_xobject(form, &data);
    x.bbox(Rect::new(0.0, 0.0, w, h));
    let mut res = x.resources();
    if !xobjects.is_empty() {
        let mut d = res.x_objects();
        for (name, r) in &xobjects {
            d.pair(Name(name), *r);
        }
    }
    if let Some(f) = font {
        res.fonts().pair(Name(b"F1"), f);
    }
    res.finish();
    x.finish();
    Ok(form)
}

/// The agency's signature (Decree 30/2020/NĐ-CP, Appendix I): the seal image at its real
/// size, and under it the agency's name and the signing time.
pub struct SealBlock<'a> {
    pub agency: &'a str,
    pub time: Instant,
    pub seal_png: &'a [u8],
    /// The seal's real diameter, in points: the width the image is drawn at.
    pub diameter: f32,
    /// Room left between the seal and the text under it (for the signer's name printed
    /// under the signature block).
    pub gap: f32,
}

/// Where the agency's appearance put the seal, for placing the widget over the signer's image.
pub struct SealLayout {
    pub form: Ref,
    pub w: f32,
    pub h: f32,
    /// The seal image's box in the appearance (x1, y1, x2, y2).
    pub seal: [f32; 4],
}

impl SealBlock<'_> {
    /// The text lines; always Vietnamese: they are part of the document.
    pub fn lines(&self) -> Vec<String> {
        vec![
            format!("Cơ quan: {}", self.agency),
            format!("Thời gian ký: {}", self.time.iso8601_vn()),
        ]
    }
}

/// Refuses an image that is not a PNG or whose background is not transparent (no alpha
/// channel, or no pixel that is not fully opaque).
pub fn check_transparent(png: &[u8], what: ImageKind) -> Result<()> {
    transparent(&decode_png(png, what)?, what)
}

fn transparent(img: &Image, what: ImageKind) -> Result<()> {
    match &img.alpha {
        Some(a) if a.iter().any(|&v| v < 255) => Ok(()),
        _ => Err(super::role::RoleError::NotTransparent(what).into()),
    }
}

/// An image not of the colour Decree 30/2020/NĐ-CP (Appendix I) asks: the signature blue
/// ("màu xanh"), the seal red ("màu đỏ"). A warning: the signature is valid whatever the
/// image, and a scan may be all the agency has.
#[derive(Debug)]
pub struct WrongColour {
    pub what: ImageKind,
    /// The mean colour of its inked pixels.
    pub found: [u8; 3],
}

impl std::fmt::Display for WrongColour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [r, g, b] = self.found;
        let shown = format!("#{r:02X}{g:02X}{b:02X}");
        let (what_vi, want_vi, what_en, want_en) = match self.what {
            ImageKind::Signature => ("chữ ký", "màu xanh", "signature", "blue"),
            ImageKind::Seal => ("con dấu", "màu đỏ", "seal", "red"),
        };
        f.write_str(&crate::tr!(
            "ảnh {what_vi} có màu {shown}, không phải {want_vi} như Nghị định 30/2020/NĐ-CP (Phụ lục I) quy định; văn bản vẫn được ký",
            "the {what_en} image is {shown}, not {want_en} as Decree 30/2020/NĐ-CP (Appendix I) asks; the document is signed all the same"
        ))
    }
}

/// Refuses the image as [`check_transparent`] does; then [`WrongColour`] when its inked
/// pixels (opaque, not paper white) are not, on average, of the colour the decree asks. The
/// PNG is decoded once for both.
pub fn check_image(png: &[u8], what: ImageKind) -> Result<Option<WrongColour>> {
    let img = decode_png(png, what)?;
    transparent(&img, what)?;
    let channels = if img.rgb { 3 } else { 1 };
    let (mut sum, mut n) = ([0u64; 3], 0u64);
    for (i, px) in img.color.chunks_exact(channels).enumerate() {
        let opaque = img.alpha.as_ref().is_none_or(|a| a[i] >= 128);
        let rgb = [px[0], px[channels / 2], px[channels - 1]];
        if !opaque || rgb.iter().all(|&c| c > 230) {
            continue;
        }
        for (s, c) in sum.iter_mut().zip(rgb) {
            *s += u64::from(c);
        }
        n += 1;
    }
    if n == 0 {
        return Ok(None);
    }
    let [r, g, b] = sum.map(|s| (s / n) as u8);
    let fits = match what {
        ImageKind::Signature => b > r.saturating_add(30) && b.saturating_add(10) > g,
        ImageKind::Seal => r > g.saturating_add(60) && r > b.saturating_add(60),
    };
    Ok((!fits).then_some(WrongColour {
        what,
        found: [r, g, b],
    }))
}

/// The height of a seal image drawn `diameter` wide.
pub fn seal_height(png: &[u8], diameter: f32) -> Result<f32> {
    let img = decode_png(png, ImageKind::Seal)?;
    Ok(diameter * img.height as f32 / img.width.max(1) as f32)
}

/// Writes the agency's appearance: the seal `diameter` wide on top, the text below it (after
/// `gap`), left aligned with the seal.
pub fn build_seal(objs: &mut Objects, block: &SealBlock) -> Result<SealLayout> {
    check_transparent(block.seal_png, ImageKind::Seal)?;
    let seal = decode_png(block.seal_png, ImageKind::Seal)?;
    let d = block.diameter;
    let seal_h = d * seal.height as f32 / seal.width.max(1) as f32;
    let lines = wrap(&block.lines(), d.max(220.0) - 2.0 * PAD)?;
    let widest = lines
        .iter()
        .map(|l| width(l))
        .collect::<Result<Vec<f32>>>()?
        .into_iter()
        .fold(0.0, f32::max);
    let text_h = lines.len() as f32 * LEADING + PAD + block.gap.max(0.0);
    let (w, h) = (d.max(widest + PAD), text_h + seal_h);
    let mut content = Content::new();
    let image = write_image(objs, &seal);
    content.save_state();
    content.transform([d, 0.0, 0.0, seal_h, 0.0, text_h]);
    content.x_object(Name(b"Seal"));
    content.restore_state();
    let (font, encoded) = write_font(objs, &lines)?;
    draw_lines(&mut content, &encoded, 0.0);
    let data = content.finish();
    let form = objs.alloc();
    objs.begin(form);
    let mut x = objs.chunk.form_xobject(form, &data);
    x.bbox(Rect::new(0.0, 0.0, w, h));
    let mut res = x.resources();
    res.x_objects().pair(Name(b"Seal"), image);
    res.fonts().pair(Name(b"F1"), font);
    res.finish();
    x.finish();
    Ok(SealLayout {
        form,
        w,
        h,
        seal: [0.0, text_h, d, text_h + seal_h],
    })
}
