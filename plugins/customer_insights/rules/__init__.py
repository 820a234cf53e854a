"""The Rules page: the module's settings (period, thresholds, segment rules, layer rules, strategies) edited
by those with `insights.configure`, with what each rule means, stored as the module's plugin settings."""
