"""Pure programme rules of BreakZero: identifier formats, codes and policy tests, with no Django import."""
