//! PDF rendering: the embedded font, a small layout engine, the writer, and the documents laid
//! out from the model (the publication decision, procedures, the document register).

pub mod font;
pub mod layout;
pub mod writer;
