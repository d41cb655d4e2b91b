"""调度通报: data assembly (where correctness matters) and rendering to xlsx and PDF."""
