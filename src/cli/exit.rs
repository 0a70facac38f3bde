//! Exit codes, like grep's: they are part of the interface (README).

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Something was found (or the command succeeded).
    Found,
    /// The input was fine but nothing matched.
    NotFound,
    /// Usage error, unreadable or invalid input.
    Error,
    /// `retryable`: the input was read, but holds nothing to judge by (no
    /// status, no code): a script can tell this from "could not read it".
    CannotJudge,
    /// `run`: the wrapped command's own status (128+N for signal N, 126 and
    /// 127 when it could not be started), passed on as it is.
    Status(i32),
}

impl Exit {
    /// The process exit status.
    pub fn code(self) -> i32 {
        match self {
            Exit::Found => 0,
            Exit::NotFound => 1,
            Exit::Error => 2,
            Exit::CannotJudge => 3,
            Exit::Status(code) => code,
        }
    }

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
        assert_eq!(Exit::Found.code(), 0);
        assert_eq!(Exit::NotFound.code(), 1);
        assert_eq!(Exit::Error.code(), 2);
        assert_eq!(Exit::CannotJudge.code(), 3);
        assert_eq!(Exit::Status(141).code(), 141);
        assert_eq!(Exit::found_if(true), Exit::Found);
        assert_eq!(Exit::found_if(false), Exit::NotFound);
    }
}
