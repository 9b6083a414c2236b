//! Prompt choice.
