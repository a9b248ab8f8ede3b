import { render } from 'preact';

function Popup() {
  return <main data-bao="popup">Bao</main>;
}

render(<Popup />, document.getElementById('app')!);
