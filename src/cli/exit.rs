//! Exit codes, like grep's: they are part of the interface (README).

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Something was found (or the command succeeded).
    Found = 0,
    /// The input was fine but nothing matched.
    NotFound = 1,
    /// Usage error, unreadable or invalid input.
    Error = 2,
    /// `retryable`: the input was read, but holds nothing to judge by (no
    /// status, no code): a script can tell this from "could not read it".
    CannotJudge = 3,
}

impl Exit {
    /// `Found` when `found`, else `NotFound`.
    pub fn found_if(found: bool) -> Exit {
        if found { Exit::Found } else { Exit::NotFound }
    }
}

/// An input error: reported as `errcode: ...` with exit code 2.
#[derive(Debug)]
pub struct InputError(pub String);

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for InputError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        assert_eq!(Exit::Found as i32, 0);
        assert_eq!(Exit::NotFound as i32, 1);
        assert_eq!(Exit::Error as i32, 2);
        assert_eq!(Exit::CannotJudge as i32, 3);
        assert_eq!(Exit::found_if(true), Exit::Found);
        assert_eq!(Exit::found_if(false), Exit::NotFound);
    }
}
