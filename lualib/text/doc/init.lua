return { 'text' }
