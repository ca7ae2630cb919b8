//! The `coded_enum!` macro: one declaration gives an enum its JSON code, its Chinese and
//! English labels and the list of all variants, so the UI's select boxes, the JSON contract
//! and the engine can never drift apart.

/// Declares a closed vocabulary: `Variant => "json_code", "中文", "English"`.
///
/// Generates the enum (serde as the snake_case code), `ALL`, `as_str()`, `label_zh()`,
/// `label_en()` (inherent and `const`, and as the `Vocabulary` trait), `Display` (the code) and
/// `FromStr` (from the code); with the feature `openapi`,
/// its OpenAPI schema (a string, one of the codes).
#[macro_export]
#[doc(hidden)]
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $code:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant, )+
        }

        impl $name {
            /// Every variant, in the order the notice and the UI list them.
            pub const ALL: &'static [$name] = &[ $($name::$variant),+ ];

            /// The JSON code (snake_case), as in the spec.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label, as the notice words it.
            pub const fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            /// The English label.
            pub const fn label_en(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The variant with this JSON code.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        /// A string of one of the codes, each with its English label (feature `openapi`).
        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some([$($code),+]))
                    .description(Some(concat!($("- `", $code, "`: ", $en, "\n"),+)))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {
            fn name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($name))
            }
        }

        impl $crate::Vocabulary for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> &'static str {
                self.as_str()
            }
            fn label_zh(self) -> &'static str {
                $name::label_zh(self)
            }
            fn label_en(self) -> &'static str {
                $name::label_en(self)
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::str::FromStr for $name {
            type Err = $crate::UnknownCode;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::from_code(s).ok_or_else(|| $crate::UnknownCode {
                    vocabulary: stringify!($name),
                    code: s.into(),
                })
            }
        }
    };
}

/// A closed vocabulary, as `coded_enum!` declares it: every variant, its JSON code and its labels
/// in both languages. Generic code (select boxes, answers in words) takes any vocabulary through
/// it instead of four function pointers.
pub trait Vocabulary: Copy + Eq + 'static {
    /// Every variant, in the order the notice and the UI list them.
    const ALL: &'static [Self];
    /// The JSON code (snake_case), as in the spec.
    fn code(self) -> &'static str;
    /// The Chinese label, as the notice words it.
    fn label_zh(self) -> &'static str;
    /// The English label.
    fn label_en(self) -> &'static str;
}

/// A code that is not in a vocabulary (from `FromStr`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
}

impl core::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "unknown {} code {:?}", self.vocabulary, self.code)
    }
}

impl std::error::Error for UnknownCode {}
