//! The console's command-line reader: the part of a POSIX shell that kubectl commands copied
//! from documentation use. Words split at blanks; `'…'` keeps everything, `"…"` keeps all but
//! `\"`, `\\`, `\$` and `` \` ``; a backslash escapes the next character, and before a newline
//! continues the line; `#` starts a comment; `;`, `&&` and newlines separate commands; `|` joins
//! a `cat` or `echo` to kubectl (`cat <<EOF | kubectl apply -f -`); `<<EOF` (`<<'EOF'`, `<<-EOF`)
//! opens a here-document that the lines after the command fill up to the delimiter. Text that is
//! not finished (an open quote, a trailing `\` or `|`, a here-document without its delimiter)
//! is [`Read::Incomplete`]: the console asks for more lines.

/// One program in a pipeline: its words and the here-document it reads, if any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    pub words: Vec<String>,
    pub here_document: Option<String>,
}

/// A pipeline (usually one stage), and how it follows the previous command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Command {
    pub stages: Vec<Stage>,
    /// Joined to the previous command by `&&`: runs only if that one succeeded.
    pub only_after_success: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Read {
    Complete(Vec<Command>),
    /// More lines are needed; the text says what is open.
    Incomplete(&'static str),
    /// Shell syntax the console does not run, in a sentence.
    Unsupported(String),
}

/// Reads a text (one line or several) into commands.
pub fn read(text: &str) -> Read {
    let mut reader = Reader {
        chars: text.chars().collect(),
        at: 0,
        commands: Vec::new(),
        command: Command::default(),
        stage: Stage::default(),
        word: None,
        pending: Vec::new(),
        continues: false,
        awaiting_delimiter: None,
    };
    match reader.run() {
        Ok(()) => Read::Complete(reader.commands),
        Err(stop) => stop,
    }
}

/// What is open at the end of a text that needs more lines, or `None` when it is complete
/// (or wrong in a way more lines cannot fix).
pub fn needs_more(text: &str) -> Option<&'static str> {
    match read(text) {
        Read::Incomplete(what) => Some(what),
        _ => None,
    }
}

/// A here-document waiting for its body: the delimiter, whether leading tabs go (`<<-`), and
/// the stage that reads it.
struct PendingHereDocument {
    delimiter: String,
    strip_tabs: bool,
    command: usize,
    stage: usize,
}

struct Reader {
    chars: Vec<char>,
    at: usize,
    commands: Vec<Command>,
    command: Command,
    stage: Stage,
    /// The word being read; `Some("")` after an empty quoted word (`''`).
    word: Option<String>,
    pending: Vec<PendingHereDocument>,
    /// The line ended with `|` or `&&`: the command goes on after the newline.
    continues: bool,
    /// After `<<`: the next word is a delimiter (and whether tabs are stripped).
    awaiting_delimiter: Option<bool>,
}

impl Reader {
    fn peek(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn push_char(&mut self, c: char) {
        self.word.get_or_insert_with(String::new).push(c);
    }

    fn end_word(&mut self) {
        if let Some(word) = self.word.take() {
            if let Some(strip_tabs) = self.awaiting_delimiter.take() {
                self.pending.push(PendingHereDocument {
                    delimiter: word,
                    strip_tabs,
                    command: self.commands.len(),
                    stage: self.command.stages.len(),
                });
            } else {
                self.stage.words.push(word);
            }
            self.continues = false;
        }
    }

    fn end_stage(&mut self) {
        self.end_word();
        let stage = std::mem::take(&mut self.stage);
        if !stage.words.is_empty() || stage.here_document.is_some() {
            self.command.stages.push(stage);
        }
    }

    fn end_command(&mut self, next_only_after_success: bool) {
        self.end_stage();
        let command = std::mem::replace(
            &mut self.command,
            Command {
                stages: Vec::new(),
                only_after_success: next_only_after_success,
            },
        );
        if !command.stages.is_empty() {
            self.commands.push(command);
        } else {
            // `&& cmd` right after nothing: keep the flag for the next real command.
            self.command.only_after_success |= command.only_after_success;
        }
    }

    fn run(&mut self) -> Result<(), Read> {
        while let Some(c) = self.peek(0) {
            match c {
                ' ' | '\t' => {
                    self.end_word();
                    self.at += 1;
                }
                '\n' => {
                    self.at += 1;
                    self.end_word();
                    if self.awaiting_delimiter.is_some() {
                        return Err(unsupported("a here-document needs a delimiter after <<"));
                    }
                    self.read_here_documents()?;
                    if !self.continues {
                        self.end_command(false);
                    }
                }
                '\\' => match self.peek(1) {
                    None => return Err(Read::Incomplete("a line continuation (\\)")),
                    Some('\n') => self.at += 2,
                    Some(next) => {
                        self.push_char(next);
                        self.at += 2;
                    }
                },
                '\'' => {
                    self.at += 1;
                    self.word.get_or_insert_with(String::new);
                    loop {
                        match self.peek(0) {
                            None => return Err(Read::Incomplete("a single quote (')")),
                            Some('\'') => {
                                self.at += 1;
                                break;
                            }
                            Some(other) => {
                                self.push_char(other);
                                self.at += 1;
                            }
                        }
                    }
                }
                '"' => {
                    self.at += 1;
                    self.word.get_or_insert_with(String::new);
                    loop {
                        match self.peek(0) {
                            None => return Err(Read::Incomplete("a double quote (\")")),
                            Some('"') => {
                                self.at += 1;
                                break;
                            }
                            Some('\\') => match self.peek(1) {
                                None => return Err(Read::Incomplete("a double quote (\")")),
                                Some('\n') => self.at += 2,
                                Some(next @ ('"' | '\\' | '$' | '`')) => {
                                    self.push_char(next);
                                    self.at += 2;
                                }
                                Some(_) => {
                                    self.push_char('\\');
                                    self.at += 1;
                                }
                            },
                            Some(other) => {
                                self.push_char(other);
                                self.at += 1;
                            }
                        }
                    }
                }
                '#' if self.word.is_none() => {
                    while self.peek(0).is_some_and(|c| c != '\n') {
                        self.at += 1;
                    }
                }
                ';' => {
                    self.at += 1;
                    self.end_command(false);
                }
                '&' if self.peek(1) == Some('&') => {
                    self.at += 2;
                    self.end_command(true);
                    self.continues = true;
                }
                '|' if self.peek(1) == Some('|') => {
                    return Err(unsupported(
                        "`||` is not supported here; run the commands one at a time",
                    ));
                }
                '|' => {
                    self.at += 1;
                    self.end_stage();
                    if self.command.stages.is_empty() {
                        return Err(unsupported("a pipe (|) needs a command before it"));
                    }
                    self.continues = true;
                }
                '<' if self.peek(1) == Some('<') => {
                    self.end_word();
                    if self.peek(2) == Some('<') {
                        return Err(unsupported(
                            "here-strings (<<<) are not supported; use a here-document (<<EOF)",
                        ));
                    }
                    let strip_tabs = self.peek(2) == Some('-');
                    self.at += if strip_tabs { 3 } else { 2 };
                    self.awaiting_delimiter = Some(strip_tabs);
                }
                '<' | '>' => {
                    return Err(unsupported(
                        "redirections (<, >) are not supported: the console has no files; use `-f -` with a here-document, or the YAML editor",
                    ));
                }
                '&' => {
                    return Err(unsupported("background jobs (&) are not supported"));
                }
                '`' => return Err(unsupported("command substitution is not supported")),
                '$' if self.peek(1) == Some('(') => {
                    return Err(unsupported("command substitution is not supported"))
                }
                other => {
                    self.push_char(other);
                    self.at += 1;
                }
            }
        }
        self.end_word();
        if self.awaiting_delimiter.is_some() {
            return Err(unsupported("a here-document needs a delimiter after <<"));
        }
        if !self.pending.is_empty() {
            return Err(Read::Incomplete("a here-document"));
        }
        if self.continues {
            return Err(Read::Incomplete(
                if self.command.only_after_success
                    && self.command.stages.is_empty()
                    && self.stage.words.is_empty()
                {
                    "a command after &&"
                } else {
                    "a command after |"
                },
            ));
        }
        self.end_command(false);
        Ok(())
    }

    /// After a newline: the bodies of the here-documents opened on the line just ended.
    fn read_here_documents(&mut self) -> Result<(), Read> {
        for pending in std::mem::take(&mut self.pending) {
            let mut body = String::new();
            let mut found = false;
            while self.at < self.chars.len() {
                let start = self.at;
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.at += 1;
                }
                let line: String = self.chars[start..self.at].iter().collect();
                let has_newline = self.peek(0) == Some('\n');
                if has_newline {
                    self.at += 1;
                }
                let line = if pending.strip_tabs {
                    line.trim_start_matches('\t').to_owned()
                } else {
                    line
                };
                if line == pending.delimiter {
                    found = true;
                    break;
                }
                body.push_str(&line);
                body.push('\n');
                if !has_newline {
                    break;
                }
            }
            if !found {
                return Err(Read::Incomplete("a here-document"));
            }
            self.attach(pending, body);
        }
        Ok(())
    }

    fn attach(&mut self, pending: PendingHereDocument, body: String) {
        let target = if pending.command < self.commands.len() {
            self.commands[pending.command].stages.get_mut(pending.stage)
        } else if pending.stage < self.command.stages.len() {
            self.command.stages.get_mut(pending.stage)
        } else {
            Some(&mut self.stage)
        };
        if let Some(stage) = target {
            stage.here_document = Some(body);
        }
    }
}

fn unsupported(why: &str) -> Read {
    Read::Unsupported(why.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<Vec<String>> {
        match read(text) {
            Read::Complete(commands) => commands
                .into_iter()
                .flat_map(|c| c.stages)
                .map(|s| s.words)
                .collect(),
            other => panic!("{text:?}: {other:?}"),
        }
    }

    #[test]
    fn quotes_escapes_and_continuations_make_words() {
        assert_eq!(
            words(r#"kubectl patch pv a -p '{"spec":{"claimRef":null}}'"#),
            [[
                "kubectl",
                "patch",
                "pv",
                "a",
                "-p",
                r#"{"spec":{"claimRef":null}}"#
            ]]
        );
        assert_eq!(
            words("kubectl label pv a \"x=a b\" y=\\\"z\\\" ''"),
            [["kubectl", "label", "pv", "a", "x=a b", "y=\"z\"", ""]]
        );
        assert_eq!(
            words("kubectl get \\\n  pv   # the volumes\n"),
            [["kubectl", "get", "pv"]]
        );
        assert_eq!(words("a; b && c\nd"), [["a"], ["b"], ["c"], ["d"]]);
    }

    #[test]
    fn here_documents_feed_the_stage_that_opened_them() {
        let text = "kubectl apply -f - <<EOF\napiVersion: v1\nkind: X\nEOF\nkubectl get pv\n";
        let Read::Complete(commands) = read(text) else {
            panic!()
        };
        assert_eq!(commands.len(), 2);
        assert_eq!(commands[0].stages[0].words, ["kubectl", "apply", "-f", "-"]);
        assert_eq!(
            commands[0].stages[0].here_document.as_deref(),
            Some("apiVersion: v1\nkind: X\n")
        );
        let piped = "cat <<'END' | kubectl create -f -\n\tkind: Y\nEND";
        let Read::Complete(commands) = read(piped) else {
            panic!()
        };
        assert_eq!(commands[0].stages.len(), 2);
        assert_eq!(
            commands[0].stages[0].here_document.as_deref(),
            Some("\tkind: Y\n")
        );
        let stripped = read("cat <<-END\n\tkind: Y\n\tEND\n");
        let Read::Complete(commands) = stripped else {
            panic!()
        };
        assert_eq!(
            commands[0].stages[0].here_document.as_deref(),
            Some("kind: Y\n")
        );
    }

    #[test]
    fn unfinished_text_asks_for_more() {
        for text in [
            "kubectl get 'pv",
            "kubectl get \"pv",
            "kubectl get \\",
            "kubectl apply -f - <<EOF\nkind: X\n",
            "cat <<EOF |",
            "kubectl get pv &&",
        ] {
            assert!(needs_more(text).is_some(), "{text:?}");
        }
        assert!(needs_more("kubectl get pv").is_none());
        assert!(matches!(read("kubectl get pv > out"), Read::Unsupported(_)));
        assert!(matches!(read("a || b"), Read::Unsupported(_)));
    }
}
