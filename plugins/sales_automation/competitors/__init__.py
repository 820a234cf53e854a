"""The file of competitors, who bids on each opportunity, and the win/loss record against each."""
