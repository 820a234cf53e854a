"""How customers and contacts are identified and found: phones, pinyin, company names and credit codes."""
