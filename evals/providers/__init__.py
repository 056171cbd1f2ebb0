"""Model providers for Inspect, including the embedded offline model (`local/...`)."""
