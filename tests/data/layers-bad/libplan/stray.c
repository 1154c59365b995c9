/* wrong on purpose: outside every layer */
