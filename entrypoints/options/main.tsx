import { render } from 'preact';

function Options() {
  return <main data-bao="options">Bao options</main>;
}

render(<Options />, document.getElementById('app')!);
