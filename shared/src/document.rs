//! Reading a JSON document of the contract (a profile, a round, a calendar) and, when it is
//! refused, naming the field it fails at.

use serde::de::DeserializeOwned;

/// Where a document is refused: the field's path (`.` for the document itself) and why.
pub struct Refusal {
    pub field: String,
    pub message: String,
}

/// Parses a document the server hands the browser (a round, a calendar), naming the refused
/// field natively. In the browser the server has read the document already: a refusal there
/// names only the document, and the path tracking's code stays out of the WebAssembly.
pub fn parse<T: DeserializeOwned>(json: &str) -> Result<T, Refusal> {
    #[cfg(target_arch = "wasm32")]
    {
        serde_json::from_str::<T>(json).map_err(|e| Refusal {
            field: ".".into(),
            message: e.to_string(),
        })
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        parse_naming_field(json)
    }
}

/// Parses `json`; a refused document is read again to name its field (valid documents, nearly
/// all of them, skip the path tracking, which costs about half the parse).
pub fn parse_naming_field<T: DeserializeOwned>(json: &str) -> Result<T, Refusal> {
    if let Ok(value) = serde_json::from_str::<T>(json) {
        return Ok(value);
    }
    let de = &mut serde_json::Deserializer::from_str(json);
    let value: T = serde_path_to_error::deserialize(&mut *de).map_err(|e| Refusal {
        field: e.path().to_string(),
        message: e.inner().to_string(),
    })?;
    // Trailing garbage after the value is a malformed document too.
    de.end().map_err(|e| Refusal {
        field: ".".into(),
        message: e.to_string(),
    })?;
    Ok(value)
}
