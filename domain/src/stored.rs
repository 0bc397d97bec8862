//! How domain values are stored, without putting SQL in the domain: with the `sqlx`
//! feature (the data layer turns it on; the browser build never does), a status is a
//! TEXT column holding its name and an id is a UUID column. Reading a name the domain does
//! not know is a decode error, not a silent default.

/// A TEXT column's type, for both kinds of stored text below.
macro_rules! text_column {
    ($t:ty) => {
        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $t
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }
    };
}

/// Stores a `Copy` type with `as_str(self) -> &'static str` and
/// `parse(&str) -> Option<Self>` as TEXT.
macro_rules! stored_as_text {
    ($($t:ty),+ $(,)?) => {$(
        $crate::stored::text_column!($t);

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $t
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&'q str as sqlx::Encode<'q, DB>>::encode(self.as_str(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $t
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let name = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                <$t>::parse(name).ok_or_else(|| {
                    format!("unknown {} {name:?}", stringify!($t)).into()
                })
            }
        }
    )+};
}

/// Stores a checked text type (`as_str(&self) -> &str`, `parse(&str) -> Result<Self, _>`,
/// e.g. an ODS code) as TEXT; a stored value that no longer passes is a decode error.
macro_rules! stored_as_checked_text {
    ($($t:ty),+ $(,)?) => {$(
        $crate::stored::text_column!($t);

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $t
        where
            String: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <String as sqlx::Encode<'q, DB>>::encode(self.as_str().to_owned(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $t
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                <$t>::parse(text)
                    .map_err(|e| format!("stored {} {text:?}: {e}", stringify!($t)).into())
            }
        }
    )+};
}

/// Stores a newtype over `uuid::Uuid` (a public `.0`) as a UUID.
macro_rules! stored_as_uuid {
    ($($t:ident),+ $(,)?) => {$(
        #[cfg(feature = "sqlx")]
        impl<DB: sqlx::Database> sqlx::Type<DB> for $t
        where
            uuid::Uuid: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <uuid::Uuid as sqlx::Type<DB>>::type_info()
            }
            fn compatible(ty: &DB::TypeInfo) -> bool {
                <uuid::Uuid as sqlx::Type<DB>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $t
        where
            uuid::Uuid: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <uuid::Uuid as sqlx::Encode<'q, DB>>::encode_by_ref(&self.0, buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $t
        where
            uuid::Uuid: sqlx::Decode<'r, DB>,
        {
            fn decode(
                value: <DB as sqlx::Database>::ValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                <uuid::Uuid as sqlx::Decode<'r, DB>>::decode(value).map($t)
            }
        }
    )+};
}

pub(crate) use {stored_as_checked_text, stored_as_text, stored_as_uuid, text_column};
